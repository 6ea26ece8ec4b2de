import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportSummary, RowError } from '@meshwork/contracts';
import { api, ApiError, type QueryParams } from '@/lib/api-client';

interface ImportUploadProps {
  /** The API path that takes the upload (multipart field `file`). */
  path: string;
  query?: QueryParams;
  accept: string;
  multiple?: boolean;
  buttonText: ReactNode;
  disabled?: boolean;
  /** A check before sending, such as the expected file names; returns the problem to show. */
  validate?: (files: File[]) => string | undefined;
  /** The label of a key of `created` (a level, a type). */
  createdLabel?: (key: string) => string;
  onImported?: (summary: ImportSummary) => void;
  'data-testid'?: string;
}

/**
 * Upload → import → either a summary of what was created or the server's row-by-row report.
 * Files go out as soon as they are chosen (all of a multiple choice in one request), since an
 * import is all-or-nothing and a rejected one changes nothing.
 */
export function ImportUpload({
  path,
  query,
  accept,
  multiple,
  buttonText,
  disabled,
  validate,
  createdLabel = (key) => key,
  onImported,
  'data-testid': testId,
}: ImportUploadProps) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string>();
  const importing = useMutation({
    mutationFn: (files: File[]) => api.upload<ImportSummary>(path, files, query),
    onSuccess: (summary) => onImported?.(summary),
    // The report below is the error display; a toast on top would say it twice.
    meta: { handlesErrors: true },
  });

  const start = (files: File[]) => {
    const invalid = validate?.(files);
    setProblem(invalid);
    if (invalid) importing.reset();
    else importing.mutate(files);
  };

  return (
    <Flex vertical gap={12} data-testid={testId}>
      <Upload
        accept={accept}
        multiple={multiple}
        showUploadList={false}
        disabled={disabled || importing.isPending}
        beforeUpload={(file, batch) => {
          if (file === batch.at(-1)) start(batch);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />} loading={importing.isPending} disabled={disabled}>
          {buttonText}
        </Button>
      </Upload>
      {problem && <Alert type="warning" showIcon title={problem} />}
      {importing.isSuccess && (
        <Alert
          type="success"
          showIcon
          data-testid="import-summary"
          title={t('import.done', { total: importing.data.total })}
          description={<CreatedSummary summary={importing.data} label={createdLabel} />}
        />
      )}
      {importing.isError && <ImportErrorReport error={importing.error} />}
    </Flex>
  );
}

/** The division import also says how many rows it skipped as already present (not yet in the contract). */
type Summary = ImportSummary & { skipped?: number };

function CreatedSummary({ summary, label }: { summary: Summary; label: (key: string) => string }) {
  const { t } = useTranslation();
  const parts = Object.entries(summary.created)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${label(key)} ${n}`);
  if (summary.skipped) parts.push(t('import.skipped', { count: summary.skipped }));
  return <>{parts.length > 0 ? parts.join(t('import.separator')) : t('import.nothingNew')}</>;
}

function ImportErrorReport({ error }: { error: Error }) {
  const { t } = useTranslation();
  const rows = (error instanceof ApiError ? (error.rowErrors ?? []) : []).map((r, key) => ({ ...r, key }));
  const withFile = rows.some((r) => r.file);
  return (
    <Alert
      type="error"
      showIcon
      title={error.message}
      description={
        rows.length > 0 && (
          <Table<RowError & { key: number }>
            data-testid="import-errors"
            size="small"
            dataSource={rows}
            pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
            scroll={{ x: true }}
            columns={[
              ...(withFile ? [{ title: t('import.file'), dataIndex: 'file', width: 120 }] : []),
              { title: t('import.row'), dataIndex: 'row', width: 64 },
              { title: t('import.column'), dataIndex: 'column', width: 120 },
              { title: t('import.problem'), dataIndex: 'message' },
            ]}
          />
        )
      }
    />
  );
}
