import { describe, expect, it } from 'vitest';
import { IdNumber, idNumberProblem, maskIdNumber } from '@meshwork/contracts';
import { maskPhone } from '../../platform/masking.js';
import { validId } from './people.fixtures.js';

describe('GB 11643-1999 ID numbers', () => {
  it('accepts valid numbers, including the X check character and lower-case x', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem(validId('22010219900307123'))).toBeNull();
    expect(IdNumber.parse('11010519491231002x')).toBe('11010519491231002X');
    expect(IdNumber.parse(' 110105 19491231 002X ')).toBe('11010519491231002X');
  });

  it('refuses a wrong check character', () => {
    expect(idNumberProblem('110105194912310021')).toMatch(/校验位/);
    const good = validId('22010219900307123');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(IdNumber.safeParse(wrong).success).toBe(false);
  });

  it('refuses bad shapes and impossible birth dates', () => {
    for (const bad of ['', '1101051949123100', '11010519491231002XX', '1101051949123100A2', 'X10105194912310021']) {
      expect(idNumberProblem(bad), bad).toMatch(/18 位/);
    }
    expect(idNumberProblem(validId('22010219900230123'))).toMatch(/出生日期/); // 30 February
    expect(idNumberProblem(validId('22010218000101123'))).toMatch(/出生日期/); // before 1900
    expect(idNumberProblem(validId('22010230000101123'))).toMatch(/出生日期/); // in the future
    expect(idNumberProblem(validId('22010219901301123'))).toMatch(/出生日期/); // month 13
  });

  it('masks as 4 + 10 stars + 4, and phones as 3 + 4 stars + 4', () => {
    expect(maskIdNumber('220102199003071234')).toBe('2201**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
