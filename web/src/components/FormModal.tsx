import type { ReactNode } from 'react';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '@/lib/feedback';

/** What FormModal needs of a react-query mutation. */
interface Mutation<R> {
  mutate: (request: R, options: { onSuccess: () => void }) => void;
  isPending: boolean;
}

/**
 * A modal with one form that sends one mutation: OK submits the form, and on success it says
 * `success` and closes. `toRequest` answers undefined when there is nothing to send.
 */
export function FormModal<V extends object, R>({
  open,
  title,
  okText,
  danger,
  mutation,
  toRequest,
  success,
  onClose,
  before,
  children,
}: {
  open: boolean;
  title: ReactNode;
  /** The OK button's text; 保存 unless given. */
  okText?: ReactNode;
  danger?: boolean;
  mutation: Mutation<R>;
  toRequest: (values: V) => R | undefined;
  success: string;
  onClose: () => void;
  /** Shown above the form. */
  before?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.save')}
      okButtonProps={danger ? { danger: true } : undefined}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {before}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          const request = toRequest(values);
          if (request === undefined) return;
          mutation.mutate(request, {
            onSuccess: () => {
              showSuccess(success);
              onClose();
            },
          });
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}
