export default definePageConfig({
  navigationBarTitleText: '平台企业参保率',
});
