// Popovers placed by Floating UI beside what they are about (a selection, a highlight, a card),
// never on it: they flip to the other side when there is no room, slide along it to stay in the
// window, follow scrolling and resizing, and hide when what they point at scrolls out of view.
import { autoUpdate, computePosition, flip, hide, offset, shift, size, type Placement, type VirtualElement } from '@floating-ui/dom';

export interface BesideOptions {
  placement: Placement;
  /** Where to go when `placement` has no room, in order of preference. */
  fallbackPlacements: Placement[];
  /** Space between the popover and its reference, in pixels. */
  gap?: number;
  /** The area the popover should stay within besides the window (e.g. the reading pane). */
  boundary?: Element | null;
  /** Let the popover shrink (and scroll inside) to the height available on its side. */
  fitHeight?: boolean;
}

/** A reference that is a rectangle computed afresh on every update (a selection, several marks). */
export function virtualReference(rect: () => DOMRect | null, context: () => Element | null): VirtualElement {
  return {
    getBoundingClientRect: () => rect() ?? new DOMRect(-9999, -9999, 0, 0),
    get contextElement() {
      return context() ?? undefined;
    },
  };
}

function fitHeight(floating: HTMLElement, available: number): void {
  floating.style.maxHeight = `${Math.max(160, available)}px`;
}

/** Keeps `floating` (position: fixed) beside `reference`; returns the function that stops it. */
export function keepBeside(floating: HTMLElement, reference: Element | VirtualElement, options: BesideOptions): () => void {
  const padding = 8;
  const boundary = options.boundary ?? undefined;
  const update = async (): Promise<void> => {
    const { x, y, placement, middlewareData } = await computePosition(reference, floating, {
      strategy: 'fixed',
      placement: options.placement,
      middleware: [
        offset(options.gap ?? 10),
        flip({ fallbackPlacements: options.fallbackPlacements, padding, ...(boundary ? { boundary } : {}) }),
        // Only along the side it is on: sliding across would put it over what it points at.
        shift({ padding }),
        ...(options.fitHeight ? [size({ padding, apply: ({ availableHeight }) => fitHeight(floating, availableHeight) })] : []),
        hide(),
      ],
    });
    floating.style.left = `${x}px`;
    floating.style.top = `${y}px`;
    floating.style.visibility = middlewareData.hide?.referenceHidden ? 'hidden' : 'visible';
    floating.dataset.placement = placement;
  };
  return autoUpdate(reference, floating, () => void update());
}
