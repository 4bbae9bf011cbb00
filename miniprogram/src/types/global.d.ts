/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5' | string;
    /** h5 only: where the local gateway answers; empty means the page's own origin. */
    TARO_APP_API_BASE?: string;
    /** weapp only: the CloudBase environment id; empty means the default environment. */
    TARO_APP_CLOUD_ENV?: string;
  }
}
