import { useId, type ReactNode, type RefObject } from 'react';
import { downloadBlob, fileStem } from '../data/download';
import { addNotice, useAppStore } from '../store';
import { pngBlob, svgBlob } from './exportImage';

interface ChartPanelProps {
  title: string;
  /** One line under the title: what is plotted, from what data. */
  caption?: ReactNode;
  /** The chart to export; the export buttons are off while `waiting` is set. */
  svgRef: RefObject<SVGSVGElement | null>;
  /** File name part, e.g. "curves". */
  exportName: string;
  /** Shown instead of the chart's content while there is no data, e.g. "Waiting for the first trace…". */
  waiting?: string | null;
  /** Extra controls in the header (selectors, toggles). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled panel with one chart, an empty state, and SVG / PNG export of the chart. */
export function ChartPanel({ title, caption, svgRef, exportName, waiting, actions, className, children }: ChartPanelProps) {
  const titleId = useId();
  const task = useAppStore((state) => state.config.task);
  const exportAs = async (kind: 'svg' | 'png') => {
    const svg = svgRef.current;
    if (!svg) return;
    try {
      const blob = kind === 'svg' ? svgBlob(svg, title) : await pngBlob(svg, title);
      downloadBlob(blob, `${fileStem(task, exportName)}.${kind}`);
    } catch (error) {
      addNotice(`The ${title} chart could not be exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>{title}</h2>
        <div className="panel-actions">
          {actions}
          <span className="export-buttons" role="group" aria-label={`Export ${title}`}>
            <button type="button" className="small" disabled={Boolean(waiting)} onClick={() => void exportAs('svg')} aria-label={`Export ${title} as SVG`}>
              SVG
            </button>
            <button type="button" className="small" disabled={Boolean(waiting)} onClick={() => void exportAs('png')} aria-label={`Export ${title} as PNG`}>
              PNG
            </button>
          </span>
        </div>
      </header>
      {caption && <p className="panel-caption">{caption}</p>}
      {waiting && <p className="panel-waiting">{waiting}</p>}
      <div className="panel-body" hidden={Boolean(waiting)}>
        {children}
      </div>
    </section>
  );
}
