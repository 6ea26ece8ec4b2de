import { useState, type ReactNode } from 'react';
import { Button, type ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { api, type QueryParams } from '@/lib/api-client';
import { showError } from '@/lib/feedback';

interface DownloadButtonProps extends Omit<ButtonProps, 'onClick' | 'loading'> {
  path: string;
  query?: QueryParams;
  /** Used when the server names no file. */
  fileName: string;
  children: ReactNode;
}

export function DownloadButton({ path, query, fileName, children, ...button }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      {...button}
      loading={busy}
      onClick={() => {
        setBusy(true);
        api
          .download(path, query, fileName)
          .catch(showError)
          .finally(() => setBusy(false));
      }}
    >
      {children}
    </Button>
  );
}
