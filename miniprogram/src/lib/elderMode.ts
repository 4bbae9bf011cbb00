import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { STORAGE_KEYS } from './storageKeys';

/** Raised on Taro's event center so every open page re-renders when the mode changes on one of them. */
const ELDER_MODE_CHANGED = 'elder-mode-changed';

export function readElderMode(): boolean {
  return Taro.getStorageSync(STORAGE_KEYS.elderMode) === '1';
}

/** Persists the choice: an older user who turned large text on should never have to find the switch again. */
export function setElderMode(enabled: boolean): void {
  Taro.setStorageSync(STORAGE_KEYS.elderMode, enabled ? '1' : '0');
  Taro.eventCenter.trigger(ELDER_MODE_CHANGED, enabled);
}

export function useElderMode(): boolean {
  const [enabled, setEnabled] = useState(readElderMode);
  useEffect(() => {
    const onChange = (value: boolean) => setEnabled(value);
    Taro.eventCenter.on(ELDER_MODE_CHANGED, onChange);
    return () => {
      Taro.eventCenter.off(ELDER_MODE_CHANGED, onChange);
    };
  }, []);
  return enabled;
}
