/**
 * Shows a chart rendered as SVG text (src/charts/svg.ts, the renderer the CLI report writes to files) inside an
 * <svg> element the page owns, so that the panel's SVG/PNG export keeps working. The text is parsed as XML
 * (never as HTML) and every label in it is escaped by the renderer.
 */
export function showSvgText(element: SVGSVGElement, text: string, width: number): void {
  const parsed = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
  const [, , viewWidth, viewHeight] = (parsed.getAttribute('viewBox') ?? '0 0 1 1').split(' ').map(Number);
  element.replaceChildren(...[...parsed.childNodes].map((node) => element.ownerDocument.importNode(node, true)));
  element.setAttribute('viewBox', `0 0 ${viewWidth} ${viewHeight}`);
  element.setAttribute('width', String(width));
  element.setAttribute('height', String(Math.round((width * viewHeight) / viewWidth)));
}
