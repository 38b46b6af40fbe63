import { render } from 'preact';
import { SidePanel } from './SidePanel';
import '../views/styles.css';
import '../app/app.css';
import './sidepanel.css';
import { localizePage } from '../platform/i18n';

// The page speaks the browser's language (_locales, browser.i18n): lang and title first, then the app.
localizePage('page_title_sidepanel');
render(<SidePanel />, document.getElementById('app')!);
