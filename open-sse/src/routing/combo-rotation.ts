/**
 * Smooth weighted round-robin (nginx's algorithm) for round-robin combos: each pick adds every member's
 * weight to its running score, takes the highest score (the first on ties) and subtracts the total from it.
 * Over any window of sum(weights) picks each member leads exactly weight times, and the picks are spread out
 * (3:1 gives a a b a, not a a a b). Deterministic; state is per combo name, so combos do not disturb each
 * other, and it resets when the combo's members or weights change.
 */
export interface ComboRotation {
  /** The index of the member that should be tried first for this request. */
  nextStart(comboName: string, memberCount: number, weights?: readonly number[]): number;
}

interface RotationState {
  signature: string;
  scores: number[];
}

export function createComboRotation(): ComboRotation {
  const states = new Map<string, RotationState>();
  return {
    nextStart(comboName, memberCount, weights) {
      if (memberCount <= 1) return 0;
      const effective = weights !== undefined && weights.length === memberCount ? weights : new Array<number>(memberCount).fill(1);
      const signature = effective.join(",");
      let state = states.get(comboName);
      if (state === undefined || state.signature !== signature) {
        state = { signature, scores: new Array<number>(memberCount).fill(0) };
        states.set(comboName, state);
      }
      let total = 0;
      let best = 0;
      for (let index = 0; index < memberCount; index += 1) {
        const weight = effective[index]!;
        state.scores[index]! += weight;
        total += weight;
        if (state.scores[index]! > state.scores[best]!) best = index;
      }
      state.scores[best]! -= total;
      return best;
    },
  };
}

/** The process-wide rotation the engine uses when resolving a round-robin combo. */
export const sharedComboRotation: ComboRotation = createComboRotation();
