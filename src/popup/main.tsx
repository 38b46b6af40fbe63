import { render } from 'preact';
import { Popup } from './Popup';
import '../views/styles.css';
import '../app/app.css';
import '../sidepanel/sidepanel.css';

render(<Popup />, document.getElementById('app')!);
