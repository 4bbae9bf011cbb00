import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { devLogin } from '../../../api/devLogin';
import { FormAlert } from '../../../components/FormAlert';
import { PageShell } from '../../../components/PageShell';
import { TextField } from '../../../components/TextField';
import { Button } from '../../../components/nut/Button';
import { goHome } from '../../../lib/routes';
import './index.scss';

/** A generous bound for the field: real WeChat openids are 28 characters. */
const OPENID_MAX_CHARS = 64;

/**
 * Local (h5) mode only: stands in for WeChat's login by choosing an openid. This page is not part of the
 * weapp build at all (see app.config.ts).
 */
export default function DevLogin() {
  const [openid, setOpenid] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    const trimmed = openid.trim();
    setSubmitError(null);
    if (trimmed.length === 0) {
      setFieldError('请输入 openid');
      return;
    }
    setSubmitting(true);
    const failure = await devLogin(trimmed);
    setSubmitting(false);
    if (failure) setSubmitError(failure);
    else goHome();
  };

  return (
    <PageShell testId="dev-login-page">
      <View className="app-card">
        <Text className="app-title">本地登录</Text>
        <Text className="app-muted">本地测试环境：输入任意 openid 代表一位微信用户，例如 demo-resident。</Text>
        <View className="dev-login__field">
          <TextField
            testId="login-openid"
            label="openid"
            value={openid}
            onChange={(value) => {
              setOpenid(value);
              setFieldError(undefined);
            }}
            placeholder="例如 demo-resident"
            maxLength={OPENID_MAX_CHARS}
            error={fieldError}
          />
        </View>
        <FormAlert message={submitError} />
        <View className="app-actions">
          <Button type="primary" size="large" loading={submitting} disabled={submitting} onClick={() => void submit()} data-testid="login-submit">
            登录
          </Button>
        </View>
      </View>
    </PageShell>
  );
}
