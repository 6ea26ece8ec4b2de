import { useRef } from 'react';
import { Button, Flex, Modal, QRCode, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '@meshwork/contracts';
import { checkinUrl } from '../api';

/**
 * Prints the code alone, large, with the site's name: a window of its own is simpler and surer
 * than hiding the whole app behind a print stylesheet.
 */
function printCode(canvas: HTMLCanvasElement, site: SiteView, hint: string) {
  const win = window.open('', '_blank', 'width=600,height=800');
  if (!win) return;
  const doc = win.document;
  doc.title = site.name;
  const box = doc.createElement('div');
  box.style.cssText = 'text-align:center;font-family:sans-serif;padding-top:48px';
  const title = doc.createElement('h1');
  title.textContent = site.name;
  const address = doc.createElement('p');
  address.textContent = [site.regionName, site.address].filter(Boolean).join(' · ');
  const image = doc.createElement('img');
  image.src = canvas.toDataURL('image/png');
  image.style.cssText = 'width:360px;height:360px';
  const note = doc.createElement('p');
  note.textContent = hint;
  box.append(title, address, image, note);
  doc.body.append(box);
  image.onload = () => {
    win.focus();
    win.print();
  };
}

/** A site's check-in code: the member scans it at the post to check in and out. */
export function SiteQrModal({ site, onClose }: { site: SiteView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const url = site ? checkinUrl(site.checkinToken) : '';
  return (
    <Modal
      open={!!site}
      title={site && t('duty.sites.qrTitle', { name: site.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          data-testid="site-qr-print"
          onClick={() => {
            const canvas = box.current?.querySelector('canvas');
            if (canvas && site) printCode(canvas, site, t('duty.sites.qrHint'));
          }}
        >
          {t('duty.sites.print')}
        </Button>
      }
    >
      {site && (
        <Flex vertical align="center" gap={12} ref={box} data-testid="site-qr-modal">
          <QRCode value={url} size={240} type="canvas" />
          <Typography.Text type="secondary">{t('duty.sites.qrHint')}</Typography.Text>
          <Typography.Paragraph copyable={{ text: url }} style={{ wordBreak: 'break-all', textAlign: 'center' }}>
            <span data-testid="site-checkin-link">{url}</span>
          </Typography.Paragraph>
        </Flex>
      )}
    </Modal>
  );
}
