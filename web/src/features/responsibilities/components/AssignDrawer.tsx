import { useState, type ReactNode } from 'react';
import { Alert, Form, type FormInstance } from 'antd';
import { FormDrawer } from '@/components/FormDrawer';

/** A drawer whose form gives a member work; the server's refusal (a duplicate, a wrong place) shows in place. */
export function AssignDrawer<V extends object>({
  open,
  title,
  form,
  saving,
  saveTestId,
  initialValues,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  saving: boolean;
  saveTestId: string;
  initialValues?: Partial<V>;
  /** Sends the values; the drawer closes when it resolves. */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}) {
  const [refusal, setRefusal] = useState<string>();
  const close = () => {
    setRefusal(undefined);
    onClose();
  };
  return (
    <FormDrawer open={open} title={title} onClose={close} onSave={() => form.submit()} saving={saving} saveTestId={saveTestId}>
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => {
          setRefusal(undefined);
          onSubmit(values).then(close, (error: Error) => setRefusal(error.message));
        }}
      >
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 16 }} data-testid="resp-form-error" />}
        {children}
      </Form>
    </FormDrawer>
  );
}
