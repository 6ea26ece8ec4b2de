import { useState, type CSSProperties, type ReactNode } from 'react';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Flex, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '@/lib/hooks';

/** A picked node as forms keep it: the id the API wants and the label to show without refetching. */
export interface PickedValue {
  value: number;
  label: ReactNode;
}

export interface RemoteSearchSelectProps<T extends { id: number }> {
  queryKey: QueryKey;
  search: (q: string, signal: AbortSignal) => Promise<T[]>;
  renderOption: (hit: T) => ReactNode;
  /** The option as plain text, for screen readers (and tests finding options by name). */
  describe: (hit: T) => string;
  /** The shorter label shown in the box once picked; defaults to the option. */
  renderPicked?: (hit: T) => ReactNode;
  isAllowed?: (hit: T) => boolean;
  value?: PickedValue | null;
  onChange?: (value: PickedValue | null, hit?: T) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** Search-as-you-type picker over an API search endpoint. */
export function RemoteSearchSelect<T extends { id: number }>({
  queryKey,
  search,
  renderOption,
  describe,
  renderPicked = renderOption,
  isAllowed,
  value,
  onChange,
  placeholder,
  allowClear = true,
  style,
  id,
  'data-testid': testId,
}: RemoteSearchSelectProps<T>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim());
  const { data: hits = [], isFetching } = useQuery({
    queryKey: [...queryKey, q],
    queryFn: ({ signal }) => search(q, signal),
    enabled: q.length > 0,
    staleTime: 30_000,
  });

  return (
    <Select<PickedValue | null>
      id={id}
      data-testid={testId}
      labelInValue
      value={value ?? null}
      placeholder={placeholder ?? t('picker.placeholder')}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text, autoClearSearchValue: false }}
      notFoundContent={isFetching ? <Spin size="small" /> : q ? t('picker.noMatch') : t('picker.typeToSearch')}
      options={hits.map((hit) => ({
        value: hit.id,
        label: renderOption(hit),
        'aria-label': describe(hit),
        disabled: isAllowed ? !isAllowed(hit) : false,
      }))}
      onChange={(picked) => {
        const hit = picked ? hits.find((h) => h.id === picked.value) : undefined;
        onChange?.(hit ? { value: hit.id, label: renderPicked(hit) } : null, hit);
      }}
    />
  );
}

/** The names above a hit; tolerant of a path that already ends with the hit itself. */
export const pathAbove = (name: string, path: readonly string[]) => (path.at(-1) === name ? path.slice(0, -1) : path);

/** One search hit: its name and kind, with the path above it in small print. */
export function HitLabel({ name, tag, path }: { name: string; tag?: ReactNode; path: readonly string[] }) {
  const above = pathAbove(name, path);
  return (
    <Flex vertical style={{ lineHeight: 1.3, padding: '2px 0' }}>
      <span>
        {name} {tag}
      </span>
      {above.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
          {above.join(' / ')}
        </Typography.Text>
      )}
    </Flex>
  );
}
