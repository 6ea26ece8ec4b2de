import { Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionLevel, type PlaceNode, type RegionLevel } from '@meshwork/contracts';
import { RegionPicker } from '@/components/pickers';
import { useLocale } from '@/lib/locale';
import { usePlaces } from '../api';

export interface PickedPlace {
  id: number;
  name: string;
  level: RegionLevel;
}

/** The levels at or above a community: a pick must go down at least to the community. */
const aboveCommunity: readonly RegionLevel[] = ['province', 'city', 'district', 'street'];

/** One level of the cascade: the children of `parent`, or nothing when it has none. */
function LevelSelect({ parent, value, onChange }: { parent: PickedPlace; value: PickedPlace | undefined; onChange: (picked: PickedPlace | undefined) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data: children = [], isFetching } = usePlaces(parent.id);
  if (!isFetching && children.length === 0) return null;
  const level = children[0] ? regionLevel.label(children[0].level, locale) : '';
  const required = aboveCommunity.includes(parent.level);
  return (
    <Select<number>
      data-testid={`enrol-place-under-${parent.level}`}
      loading={isFetching}
      allowClear={!required}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t(required ? 'enrolment.form.pickChildRequired' : 'enrolment.form.pickChild', { level })}
      value={value?.id}
      options={children.map((c: PlaceNode) => ({ value: c.id, label: c.name }))}
      onChange={(id) => {
        const child = children.find((c) => c.id === id);
        onChange(child && { id: child.id, name: child.name, level: child.level });
      }}
      style={{ width: '100%' }}
    />
  );
}

/**
 * Where a member lives: a district, street or community found by name, then one select per level
 * below it, down to the household when they know it. The value is the chain from the found node.
 */
export function PlacePicker({ value = [], onChange }: { value?: PickedPlace[]; onChange?: (chain: PickedPlace[]) => void }) {
  const { t } = useTranslation();
  const first = value[0];
  if (!first) {
    return (
      <RegionPicker
        source="divisions"
        data-testid="enrol-place-search"
        placeholder={t('enrolment.form.placeHint')}
        value={null}
        isAllowed={(hit) => hit.level === 'district' || hit.level === 'street' || hit.level === 'community'}
        onChange={(_, hit) => hit && onChange?.([{ id: hit.id, name: hit.name, level: hit.level }])}
      />
    );
  }
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="baseline" wrap>
        <Typography.Text strong data-testid="enrol-place-root">
          {first.name}
        </Typography.Text>
        <Typography.Link onClick={() => onChange?.([])} data-testid="enrol-place-change">
          {t('enrolment.form.change')}
        </Typography.Link>
      </Flex>
      {value.map((node, i) => (
        <LevelSelect
          key={node.id}
          parent={node}
          value={value[i + 1]}
          onChange={(picked) => onChange?.([...value.slice(0, i + 1), ...(picked ? [picked] : [])])}
        />
      ))}
    </Flex>
  );
}

/** The community in a chain, and the home below it (the deepest place picked under it). */
export function placeOf(chain: PickedPlace[]): { communityId?: number; homeId: number | null } {
  const at = chain.findIndex((p) => p.level === 'community');
  if (at < 0) return { homeId: null };
  const below = chain.slice(at + 1);
  return { communityId: chain[at]!.id, homeId: below.at(-1)?.id ?? null };
}
