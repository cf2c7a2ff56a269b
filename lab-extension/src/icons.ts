/**
 * The lint panel's own icon (the Debugger already uses JupyterLab's bug, and two identical bugs on
 * one sidebar tell nothing apart): a checked list, coloured by the theme's icon classes.
 */
import { LabIcon } from '@jupyterlab/ui-components';

const lintSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M3 5.5l1.4-1.4L6 5.7l3.1-3.1 1.4 1.4L6 8.5z"/>
    <path d="M3 12.5l1.4-1.4L6 12.7l3.1-3.1 1.4 1.4L6 15.5z"/>
    <rect x="12" y="4" width="9" height="2" rx="1"/>
    <rect x="12" y="11" width="9" height="2" rx="1"/>
    <rect x="12" y="18" width="9" height="2" rx="1"/>
    <circle cx="6" cy="19" r="2"/>
  </g>
</svg>`;

export const lintIcon = new LabIcon({ name: 'jupyship:lint', svgstr: lintSvg });
