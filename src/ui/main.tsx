import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseConfig } from '../config/codec';
import { App } from './App';
import { useAppStore } from './store';
import { createTrainingSession } from './trainingSession';
import './app.css';

const { config, problems } = parseConfig(window.location.hash);
useAppStore.setState({ config, problems });

const session = createTrainingSession();
session.reset();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
