export default definePageConfig({
  navigationBarTitleText: '零存整缴',
});
