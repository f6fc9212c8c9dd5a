import { mount } from 'svelte';
import App from './components/App.svelte';
import { startTheme } from './state/theme.svelte.ts';
import { startLayout } from './state/layout.svelte.ts';
import './styles/app.css';

// Before the first paint of the app: the theme (data-theme) and the layout mode (data-layout)
// are on <html> when the components first render, so nothing flashes or jumps.
startTheme();
startLayout();
mount(App, { target: document.getElementById('app')! });
