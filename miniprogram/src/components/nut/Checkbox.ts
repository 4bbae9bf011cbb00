// Deep import of one NutUI component and its stylesheet: the package root would pull every component's
// code into whichever package first imports it, and its styles would not load at all.
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/css';

export { default as Checkbox } from '@nutui/nutui-react-taro/dist/es/packages/checkbox';
