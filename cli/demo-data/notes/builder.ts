import type { PhiEntity } from '../../../core/phi/entities.js';

/** A labelled PHI occurrence: `text.slice(start, end)` is exactly the inserted value. */
export interface PhiSpan {
  readonly entity: PhiEntity;
  readonly start: number;
  readonly end: number;
}

export interface LabelledNote {
  readonly text: string;
  readonly spans: readonly PhiSpan[];
}

/** A piece of note text: plain text, or a PHI value that becomes a span. */
export type Piece = string | { readonly entity: PhiEntity; readonly value: string };
export type Pieces = Piece | readonly Pieces[];

export const phi = (entity: PhiEntity, value: string): Piece => ({ entity, value });

/** Appends text and PHI values, recording each value's exact offsets as it goes. */
export class NoteBuilder {
  #text = '';
  readonly #spans: PhiSpan[] = [];

  add(pieces: Pieces): this {
    if (typeof pieces === 'string') this.#text += pieces;
    else if (Array.isArray(pieces)) for (const p of pieces as readonly Pieces[]) this.add(p);
    else {
      const { entity, value } = pieces as Exclude<Piece, string>;
      if (value.length === 0) throw new Error(`empty ${entity} value in a note`);
      const start = this.#text.length;
      this.#text += value;
      this.#spans.push({ entity, start, end: this.#text.length });
    }
    return this;
  }

  get length(): number {
    return this.#text.length;
  }

  build(): LabelledNote {
    return { text: this.#text, spans: this.#spans.slice() };
  }
}
