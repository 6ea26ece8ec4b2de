import { Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Answerer, RegionDetail } from '@meshwork/contracts';
import { useRegionAnswerers } from '../api';
import { isLocalLevel } from '../levels';

/** 责任人: the members caring for a household, and those whose zone holds the node. */
export function RegionAnswerers({ region }: { region: RegionDetail }) {
  const { t } = useTranslation();
  const shown = region.inScope && isLocalLevel(region.level);
  const answerers = useRegionAnswerers(region.id, shown);
  if (!shown || !answerers.data) return null;
  const { care, zones } = answerers.data;
  const people = (list: Answerer[], withPlace: boolean) =>
    list.length === 0 ? (
      '—'
    ) : (
      <Flex wrap gap={4}>
        {list.map((a) => (
          <Tag key={a.id} variant="filled">
            {a.personName}
            {a.phone && <Typography.Text type="secondary"> {a.phone}</Typography.Text>}
            {withPlace && <Typography.Text type="secondary"> · {a.place.join(' / ')}</Typography.Text>}
          </Tag>
        ))}
      </Flex>
    );
  return (
    <Descriptions
      data-testid="region-answerers"
      size="small"
      column={1}
      title={<Typography.Text strong>{t('responsibilities.answerers')}</Typography.Text>}
      items={[
        ...(region.level === 'household' ? [{ key: 'care', label: t('responsibilities.answerersCare'), children: people(care, false) }] : []),
        { key: 'zones', label: t('responsibilities.answerersZones'), children: people(zones, true) },
      ]}
    />
  );
}
