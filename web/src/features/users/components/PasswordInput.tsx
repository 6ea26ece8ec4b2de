import { Button, Input, Space } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

// No 0/O, 1/l/I: an initial password is often read out over the phone.
const alphabet = {
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '!@#$%^&*-_=+',
};

function randomIndex(n: number) {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! % n;
}

/** A 12-character password with every character class, which passes the server's rule. */
export function generatePassword(length = 12): string {
  const sets = Object.values(alphabet);
  const all = sets.join('');
  const chars = sets.map((s) => s[randomIndex(s.length)]!);
  while (chars.length < length) chars.push(all[randomIndex(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** An initial password for someone else: shown in clear so that it can be handed over, with a generator. */
export function PasswordInput({ value, onChange, id }: { value?: string; onChange?: (value: string) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input id={id} value={value} onChange={(e) => onChange?.(e.target.value)} autoComplete="new-password" data-testid="user-password" />
      <Button icon={<ThunderboltOutlined />} onClick={() => onChange?.(generatePassword())}>
        {t('users.generatePassword')}
      </Button>
    </Space.Compact>
  );
}
