import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseUrlOptions } from '../core/urlParams';
import { App } from './App';
import { startI18n } from './i18n';
import './styles.css';

startI18n(parseUrlOptions(window.location.search).lang);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
