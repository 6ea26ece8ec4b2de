import { useState } from 'react';
import { Modal, Segmented, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShiftView } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { useDebouncedValue } from '@/lib/hooks';
import { useActiveTeams, useAssign, useConfirmedMembers } from '../api';
import { useSkillList } from '../names';

type Mode = 'people' | 'team';

/** Assigns confirmed enrolled members of the shift's area, or a whole team; the server applies the sign-up rules. */
export function AssignModal({ shift, open, onClose }: { shift: ShiftView; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const skills = useSkillList();
  const [mode, setMode] = useState<Mode>('people');
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<number[]>([]);
  const [teamId, setTeamId] = useState<number>();
  const q = useDebouncedValue(text.trim());
  const members = useConfirmedMembers(shift.regionId, q);
  const teams = useActiveTeams(open && mode === 'team');
  const assign = useAssign();
  const close = () => {
    setPicked([]);
    setTeamId(undefined);
    setText('');
    onClose();
  };
  const team = teams.data?.items.find((x) => x.id === teamId);
  const ready = mode === 'people' ? picked.length > 0 : team !== undefined;

  return (
    <Modal
      open={open}
      title={t('duty.detail.assignTitle')}
      okText={t('duty.detail.assignSubmit')}
      okButtonProps={{ disabled: !ready, 'data-testid': 'assign-submit' }}
      confirmLoading={assign.isPending}
      onCancel={close}
      onOk={() =>
        assign.mutate(mode === 'people' ? { shiftId: shift.id, personIds: picked } : { shiftId: shift.id, teamId: team!.id }, {
          onSuccess: ({ signups }) => {
            showSuccess(t('duty.detail.assignedDone', { count: signups.length }));
            close();
          },
        })
      }
      destroyOnHidden
    >
      <Segmented<Mode>
        block
        value={mode}
        onChange={setMode}
        style={{ marginBottom: 12 }}
        data-testid="assign-mode"
        options={[
          { value: 'people', label: t('duty.detail.assignPeople') },
          { value: 'team', label: t('duty.detail.assignTeam') },
        ]}
      />
      <Typography.Paragraph type="secondary">{t(mode === 'people' ? 'duty.detail.assignHint' : 'duty.detail.teamHint')}</Typography.Paragraph>
      {mode === 'people' ? (
        <Select<number[]>
          mode="multiple"
          style={{ width: '100%' }}
          data-testid="assign-members"
          value={picked}
          onChange={setPicked}
          loading={members.isFetching}
          showSearch={{ filterOption: false, onSearch: setText, searchValue: text, autoClearSearchValue: false }}
          options={(members.data?.items ?? []).map((e) => ({
            value: e.personId,
            label: [e.name, e.homeName ?? e.communityName, skills(e.skills)].filter(Boolean).join(' · '),
          }))}
        />
      ) : (
        <Select<number>
          style={{ width: '100%' }}
          data-testid="assign-team"
          value={teamId}
          onChange={setTeamId}
          loading={teams.isFetching}
          showSearch={{ optionFilterProp: 'label' }}
          options={(teams.data?.items ?? [])
            .filter((x) => x.ownerRegionId !== null)
            .map((x) => ({ value: x.id, label: `${x.name}（${x.ownerName}，${t('duty.detail.teamMembers', { count: x.memberCount })}）` }))}
        />
      )}
    </Modal>
  );
}
