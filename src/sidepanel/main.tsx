import { render } from 'preact';
import { SidePanel } from './SidePanel';
import '../views/styles.css';
import '../app/app.css';
import './sidepanel.css';

render(<SidePanel />, document.getElementById('app')!);
