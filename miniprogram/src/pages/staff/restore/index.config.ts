export default definePageConfig({
  navigationBarTitleText: '恢复暂停参保',
});
