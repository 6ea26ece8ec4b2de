import type { ReactNode } from 'react';
import { Button, Drawer, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '@/lib/hooks';

/** A side drawer around a form, with cancel and save in its footer; full width on a phone. */
export function FormDrawer({
  open,
  title,
  onClose,
  onSave,
  saving,
  saveTestId,
  children,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  /** Submits the form (usually `form.submit()`). */
  onSave: () => void;
  saving: boolean;
  saveTestId?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={isPhone ? '100%' : 480}
      // The form is rebuilt on each opening, so it starts from the target's values.
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={saveTestId}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
}
