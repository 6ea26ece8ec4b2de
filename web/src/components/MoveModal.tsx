import { useState, type ReactNode } from 'react';
import { Form, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ignore } from '@/lib/feedback';
import type { PickedValue } from './RemoteSearchSelect';

interface MoveModalProps {
  open: boolean;
  /** The name of the node being moved. */
  name: string;
  /** Renders the picker for the new parent; it is kept as a picked value. */
  picker: (props: { value: PickedValue | null; onChange: (value: PickedValue | null) => void }) => ReactNode;
  onMove: (parentId: number) => Promise<unknown>;
  onClose: () => void;
}

/** "Move under…": pick a new parent by search, then confirm. The server checks the move is valid. */
export function MoveModal({ open, name, picker, onMove, onClose }: MoveModalProps) {
  const { t } = useTranslation();
  const [parent, setParent] = useState<PickedValue | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setParent(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('move.title', { name })}
      okText={t('move.submit')}
      okButtonProps={{ disabled: !parent }}
      confirmLoading={busy}
      onCancel={close}
      onOk={() => {
        if (!parent) return;
        setBusy(true);
        onMove(parent.value)
          .then(close, ignore)
          .finally(() => setBusy(false));
      }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('move.newParent')} extra={<Typography.Text type="secondary">{t('move.hint')}</Typography.Text>}>
          {picker({ value: parent, onChange: setParent })}
        </Form.Item>
      </Form>
    </Modal>
  );
}
