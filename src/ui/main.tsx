import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseConfig } from '../config/codec';
import { App } from './App';
import { splitLink } from './probe/probeLink';
import { createTrainingSession } from './session/trainingSession';
import { startUrlSync } from './session/urlSync';
import { useAppStore } from './store';
import './app.css';
import './panels.css';

const linkGiven = window.location.hash.length > 1;
const link = splitLink(window.location.hash);
const { config, problems } = parseConfig(link.settings);
useAppStore.setState({ config, problems });

const session = createTrainingSession();
session.applyLinkInput(link);
startUrlSync((text) => session.applyLink(text));
void session.begin(linkGiven);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
