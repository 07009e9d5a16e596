import { createApp } from 'vue';
// Defines the elements this app uses (`@ihkit/widgets` would define them all).
import '@ihkit/widgets/provider';
import '@ihkit/widgets/booking';
import '@ihkit/widgets/appointments';
import App from './App.vue';
import '../../shared/framework-demo.css';

createApp(App).mount('#app');
