import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { RELATIONS, RELATION_LABELS, type Relation, type RelativeView } from '@shared/api/contract';
import { api } from '../../../api/client';
import { startLogin } from '../../../api/session';
import { FormAlert } from '../../../components/FormAlert';
import { PageShell } from '../../../components/PageShell';
import { StatusTag } from '../../../components/StatusTag';
import { PersonFieldInputs } from '../../../components/PersonFieldInputs';
import { Button } from '../../../components/nut/Button';
import { RadioGroup } from '../../../components/nut/RadioGroup';
// RadioGroup draws its options with Radio, whose stylesheet this import brings in.
import '../../../components/nut/Radio';
import { checkPersonFields, hasErrors, normalizePersonFields, type PersonFieldErrors, type PersonFields } from '../../../lib/personForm';
import { goHome } from '../../../lib/routes';
import { findAddedRelative } from './findAdded';
import './index.scss';

const RELATION_OPTIONS = RELATIONS.map((relation) => ({ label: RELATION_LABELS[relation], value: relation }));

const EMPTY_FORM: PersonFields & { relation: Relation | '' } = { relation: '', name: '', idNumber: '' };

function AddedResult({ relative, onAnother }: { relative: RelativeView; onAnother: () => void }) {
  return (
    <View className="app-card" data-testid="add-result">
      <View className="add__result-head">
        <Text className="add__result-name">{relative.person.name}</Text>
        <Text className="app-muted">{RELATION_LABELS[relative.relation]}</Text>
        <StatusTag tone={relative.verified ? 'success' : 'warning'} text={relative.verified ? '已核验' : '待核验'} testId="add-result-state" />
      </View>
      <Text className="add__result-text">
        {relative.verified
          ? '已与本市人口信息核对一致，可以查看其参保情况并为其缴费。'
          : relative.verifyNote ?? '暂未核实到与您的亲属关系，核验通过前不能为其缴费。'}
      </Text>
      <View className="app-actions">
        <Button type="primary" size="large" onClick={goHome} data-testid="add-back-home">
          返回我的参保
        </Button>
        <Button size="large" onClick={onAnother} data-testid="add-another">
          继续添加
        </Button>
      </View>
    </View>
  );
}

/** 添加家人: links a 近亲属 (D13); the server checks the link against the population registry. */
export default function AddRelative() {
  const [form, setForm] = useState(EMPTY_FORM);
  const [relationError, setRelationError] = useState<string | undefined>();
  const [fieldErrors, setFieldErrors] = useState<PersonFieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [added, setAdded] = useState<RelativeView | null>(null);

  const update = (key: keyof PersonFields) => (value: string) => {
    setForm((previous) => ({ ...previous, [key]: value }));
    setFieldErrors((previous) => ({ ...previous, [key]: undefined }));
  };

  const submit = async () => {
    const errors = checkPersonFields(form);
    const relation = form.relation;
    setFieldErrors(errors);
    setRelationError(relation === '' ? '请选择与您的关系' : undefined);
    setSubmitError(null);
    if (hasErrors(errors) || relation === '') return;
    const person = normalizePersonFields(form);
    setSubmitting(true);
    const result = await api.addRelative({ relation, ...person });
    setSubmitting(false);
    if (!result.ok) {
      if (result.error.code === 'UNAUTHENTICATED') startLogin();
      // The form keeps its values so the user only fixes what the message points at.
      else setSubmitError(result.error.message);
      return;
    }
    const relative = findAddedRelative(result.data.relatives, { relation, ...person });
    if (relative) setAdded(relative);
    else goHome();
  };

  if (added) {
    return (
      <PageShell testId="add-relative-page">
        <AddedResult
          relative={added}
          onAnother={() => {
            setAdded(null);
            setForm(EMPTY_FORM);
          }}
        />
      </PageShell>
    );
  }

  return (
    <PageShell testId="add-relative-page">
      <View className="app-card">
        <Text className="app-title">添加家人</Text>
        <Text className="app-muted add__intro">可添加配偶、父母、子女、兄弟姐妹、祖父母/外祖父母、孙子女/外孙子女。</Text>
        <View className="add__relations" data-testid="relation-picker">
          <Text className="add__label">与您的关系</Text>
          <RadioGroup
            shape="button"
            direction="horizontal"
            value={form.relation}
            options={RELATION_OPTIONS}
            onChange={(value) => {
              setForm((previous) => ({ ...previous, relation: String(value) as Relation }));
              setRelationError(undefined);
            }}
          />
          {relationError ? (
            <Text className="app-error" data-testid="relation-picker-error">
              {relationError}
            </Text>
          ) : null}
        </View>
        <PersonFieldInputs who="家人" fields={form} errors={fieldErrors} onChange={(key, value) => update(key)(value)} />
        <FormAlert message={submitError} />
        <View className="app-actions">
          <Button type="primary" size="large" loading={submitting} disabled={submitting} onClick={() => void submit()} data-testid="relative-submit">
            添加
          </Button>
        </View>
      </View>
    </PageShell>
  );
}
