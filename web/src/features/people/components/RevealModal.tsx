import { useEffect, useRef } from 'react';
import { Alert, Descriptions, Modal, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '@meshwork/contracts';
import { useRevealPerson } from '../api';

/** The ID number and phone in clear, fetched on opening (each opening is audited) and dropped on closing. */
export function RevealModal({ person, onClose }: { person: PersonView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const reveal = useRevealPerson();
  const { mutate, reset } = reveal;

  // One request (and one audit entry) per opening, even when an effect runs twice.
  const asked = useRef<PersonView>(undefined);
  useEffect(() => {
    if (person && asked.current !== person) mutate(person.id);
    if (!person) reset();
    asked.current = person;
  }, [person, mutate, reset]);

  return (
    <Modal open={!!person} title={person && t('people.revealTitle', { name: person.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="member-reveal-content">
        <Alert type="warning" showIcon title={t('people.revealAudited')} style={{ marginBottom: 16 }} />
        {reveal.isPending && <Spin />}
        {reveal.isError && <Alert type="error" showIcon title={reveal.error.message} />}
        {reveal.isSuccess && (
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'idNumber', label: t('people.idNumber'), children: <span data-testid="member-reveal-id-number">{reveal.data.idNumber ?? '—'}</span> },
              { key: 'phone', label: t('people.phone'), children: <span data-testid="member-reveal-phone">{reveal.data.phone ?? '—'}</span> },
            ]}
          />
        )}
      </div>
    </Modal>
  );
}
