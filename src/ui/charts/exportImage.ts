/**
 * A chart as a standalone file: the SVG serialised with its title and a white background, or drawn onto a
 * canvas (via an <img> of the SVG) for a PNG. Charts draw with attributes, not CSS, so the files look as on the page.
 */
import { FONT, TEXT } from './theme';

const TITLE_HEIGHT = 26;
const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgDocument(svg: SVGSVGElement, title: string): { text: string; width: number; height: number } {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value + TITLE_HEIGHT;
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  const heading = document.createElementNS(SVG_NS, 'text');
  heading.setAttribute('x', '8');
  heading.setAttribute('y', '18');
  heading.setAttribute('font-family', FONT);
  heading.setAttribute('font-size', '14');
  heading.setAttribute('font-weight', '600');
  heading.setAttribute('fill', TEXT);
  heading.textContent = title;
  const body = document.createElementNS(SVG_NS, 'g');
  body.setAttribute('transform', `translate(0, ${TITLE_HEIGHT})`);
  for (const child of Array.from(svg.childNodes)) body.append(child.cloneNode(true));
  root.append(background, heading, body);
  return { text: new XMLSerializer().serializeToString(root), width, height };
}

export function svgBlob(svg: SVGSVGElement, title: string): Blob {
  return new Blob([svgDocument(svg, title).text], { type: 'image/svg+xml' });
}

/** The chart as a PNG at `scale` × its size on the page. */
export async function pngBlob(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const { text, width, height } = svgDocument(svg, title);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas context for the PNG export');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
