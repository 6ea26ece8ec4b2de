import { Flex, Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Location } from '@meshwork/contracts';

/** The form's view of a point: InputNumber leaves a cleared field null or undefined. */
export interface LocationValues {
  latitude?: number | null;
  longitude?: number | null;
}

export const locationOf = (values: LocationValues): Location => ({ latitude: values.latitude ?? null, longitude: values.longitude ?? null });

/** `23.129100, 113.264400`, or null when the place has no point. */
export const formatLocation = (p: { latitude: number | null; longitude: number | null }) =>
  p.latitude === null || p.longitude === null ? null : `${p.latitude.toFixed(6)}, ${p.longitude.toFixed(6)}`;

/**
 * Latitude and longitude (WGS-84) as form fields of the same names; both or neither, as the
 * server requires. Sites and regions both carry a point for allocation's travel distances.
 */
export function LocationFields({ initial, testId }: { initial?: LocationValues; testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('location.label')} extra={t('location.hint')}>
      <Flex gap={8}>
        <Form.Item name="latitude" noStyle initialValue={initial?.latitude ?? undefined}>
          <InputNumber min={-90} max={90} precision={6} prefix={t('location.latitude')} style={{ flex: 1 }} data-testid={`${testId}-latitude`} />
        </Form.Item>
        <Form.Item
          name="longitude"
          noStyle
          initialValue={initial?.longitude ?? undefined}
          dependencies={['latitude']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: number | null | undefined) =>
                (value == null) === (getFieldValue('latitude') == null) ? Promise.resolve() : Promise.reject(new Error(t('location.bothOrNeither'))),
            }),
          ]}
        >
          <InputNumber min={-180} max={180} precision={6} prefix={t('location.longitude')} style={{ flex: 1 }} data-testid={`${testId}-longitude`} />
        </Form.Item>
      </Flex>
    </Form.Item>
  );
}
