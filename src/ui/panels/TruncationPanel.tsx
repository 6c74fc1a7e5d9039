import { useEffect, useRef } from 'react';
import { ChartPanel } from '../charts/ChartPanel';
import { useWidth } from '../charts/useWidth';
import { useLiveData } from '../data/liveData';
import { drawTruncation } from './drawTruncation';

/** Adaptive truncation: how K moves over training and the gradient decay that explains the current K. */
export function TruncationPanel() {
  const svgRef = useRef<SVGSVGElement>(null);
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const history = useLiveData((state) => state.truncation);
  const latest = history.at(-1);
  useEffect(() => {
    if (svgRef.current && history.length > 0) drawTruncation(svgRef.current, history, width);
  }, [history, width]);
  return (
    <ChartPanel
      title="Adaptive truncation"
      svgRef={svgRef}
      exportName="truncation"
      waiting={latest ? null : 'Waiting for the first probe of the gradient decay (as the reference, K stays at its start for the first few steps)…'}
      caption={
        latest && (
          <>
            At step {latest.step}: φ_k is the norm of the last step&apos;s loss gradient k steps back ({latest.probeK.length === 1 ? 'one probe' : `mean of ${latest.probeK.length} probes`});
            the dashed line is the fitted decay β̂^k from which the bias of truncating at K is bounded beyond τ.
            K = the smallest K with δ̂(K) &lt; δ ({latest.probeK.length === 1 ? 'the probe' : 'probes'} chose {latest.probeK.join(', ')}), clipped to the task&apos;s range.
            {latest.noDecay && ' β̂ ≥ 1: the gradient does not decay, the bias bound is infinite, and K is at its maximum.'}
          </>
        )
      }
    >
      <div ref={boxRef}>
        <svg ref={svgRef} role="img" aria-label="K over training, the gradient decay by lag, and the relative bias by K" />
      </div>
    </ChartPanel>
  );
}
