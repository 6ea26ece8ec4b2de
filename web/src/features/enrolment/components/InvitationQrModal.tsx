import { Flex, Modal, QRCode, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { InvitationView } from '@meshwork/contracts';
import { inviteUrl } from '../api';

/** The link as a QR code to print or show, and as text to copy. */
export function InvitationQrModal({ invitation, onClose }: { invitation: InvitationView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const url = invitation ? inviteUrl(invitation.token) : '';
  return (
    <Modal open={!!invitation} title={t('enrolment.invitations.qrTitle')} onCancel={onClose} footer={null} destroyOnHidden>
      {invitation && (
        <Flex vertical align="center" gap={12} data-testid="invitation-qr-modal">
          <Typography.Text strong>{invitation.communityName ?? invitation.orgName}</Typography.Text>
          <QRCode value={url} size={220} />
          <Typography.Paragraph copyable={{ text: url, tooltips: [t('enrolment.invitations.copy'), t('enrolment.invitations.copied')] }} style={{ wordBreak: 'break-all', textAlign: 'center' }}>
            <span data-testid="invitation-link">{url}</span>
          </Typography.Paragraph>
        </Flex>
      )}
    </Modal>
  );
}
