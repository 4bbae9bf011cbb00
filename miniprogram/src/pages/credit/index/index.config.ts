export default definePageConfig({
  navigationBarTitleText: '信用参保',
});
