import { Popconfirm, Typography } from 'antd';
import { showSuccess } from '@/lib/feedback';
import { usePairingStep } from '../api';

/** One step of a pairing behind a confirmation: confirm (the place), withdraw (the unit), end (either side). */
export function StepLink({ step, id, ask, text, done, danger }: { step: 'confirm' | 'withdraw' | 'end'; id: number; ask: string; text: string; done: string; danger?: boolean }) {
  const mutation = usePairingStep(step);
  return (
    <Popconfirm title={ask} onConfirm={() => mutation.mutateAsync(id).then(() => showSuccess(done))}>
      <Typography.Link type={danger ? 'danger' : undefined} data-testid={`pairing-${step}`}>
        {text}
      </Typography.Link>
    </Popconfirm>
  );
}
