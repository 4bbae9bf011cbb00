export default definePageConfig({
  navigationBarTitleText: '我的参保',
});
