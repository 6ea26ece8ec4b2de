import { idNumberCheckChar } from '@meshwork/contracts';

/** A valid ID number from 17 digits: the check character computed. */
export const validId = (first17: string) => first17 + idNumberCheckChar(first17);

let seq = 0;
/** A fresh valid ID number (a distinct birth date and sequence per call) for tests. */
export function nextIdNumber(area = '220102'): string {
  seq++;
  const month = String(1 + (seq % 12)).padStart(2, '0');
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return validId(`${area}1990${month}${day}${String(seq % 1000).padStart(3, '0')}`);
}
