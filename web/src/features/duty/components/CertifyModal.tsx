import { useState } from 'react';
import { Alert, App, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignupView } from '@meshwork/contracts';
import { useCertify } from '../api';

/** Certifies the picked sign-ups' hours: their measured ones, or one figure for all; says who was skipped and why. */
export function CertifyModal({ signups, onClose }: { signups: SignupView[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [hours, setHours] = useState<number | null>(null);
  const certify = useCertify();
  const names = new Map(signups.map((s) => [s.id, s.personName]));

  return (
    <Modal
      open={signups.length > 0}
      title={t('duty.detail.certifyTitle', { count: signups.length })}
      okText={t('duty.detail.certify')}
      okButtonProps={{ 'data-testid': 'certify-submit' }}
      confirmLoading={certify.isPending}
      onCancel={() => onClose(false)}
      afterClose={() => setHours(null)}
      onOk={() =>
        certify.mutate(
          { signupIds: signups.map((s) => s.id), hours: hours ?? undefined },
          {
            onSuccess: (result) => {
              const certified = t('duty.detail.certifiedDone', { count: result.certified });
              if (result.skipped.length === 0) modal.success({ title: certified });
              else
                modal.warning({
                  title: `${certified}，${t('duty.detail.skipped', { count: result.skipped.length })}`,
                  content: (
                    <ul data-testid="certify-skipped">
                      {result.skipped.map((s) => (
                        <li key={s.signupId}>
                          {names.get(s.signupId) ?? s.signupId}：{s.reason}
                        </li>
                      ))}
                    </ul>
                  ),
                });
              onClose(true);
            },
          },
        )
      }
      destroyOnHidden
    >
      <Typography.Paragraph>{signups.map((s) => s.personName).join('、')}</Typography.Paragraph>
      <Typography.Text>{t('duty.detail.certifyHours')}</Typography.Text>
      <InputNumber<number> min={0} max={24} step={0.25} precision={2} value={hours} onChange={setHours} style={{ width: '100%', margin: '8px 0' }} data-testid="certify-hours" />
      <Alert type="info" showIcon title={t('duty.detail.certifyHoursHint')} />
    </Modal>
  );
}
