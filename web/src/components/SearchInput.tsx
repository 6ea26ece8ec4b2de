import { Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';

/** The search box above a paged table: every change of the text starts again at page 1. */
export function SearchInput({
  value,
  onSearch,
  placeholder,
  'data-testid': testId,
}: {
  value: string;
  onSearch: (value: string) => void;
  placeholder: string;
  'data-testid'?: string;
}) {
  return (
    <Input
      allowClear
      prefix={<SearchOutlined />}
      value={value}
      onChange={(e) => onSearch(e.target.value)}
      placeholder={placeholder}
      style={{ maxWidth: 360 }}
      data-testid={testId}
    />
  );
}
