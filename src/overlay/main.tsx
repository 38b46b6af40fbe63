import { render } from 'preact';
import { Overlay } from './Overlay';
import '../views/styles.css';
import '../app/app.css';

render(<Overlay />, document.getElementById('app')!);
