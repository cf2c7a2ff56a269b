/** Sanitized HTML from the sidecar (rule docs, snippet descriptions) in a plain widget. */
import { Sanitizer } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

const sanitizer = new Sanitizer();

export function setHtml(node: HTMLElement, html: string): void {
  node.innerHTML = sanitizer.sanitize(html);
}

export class HtmlView extends Widget {
  constructor(html: string, className: string) {
    super();
    this.addClass(className);
    this.addClass('jp-RenderedHTMLCommon');
    setHtml(this.node, html);
  }
}
