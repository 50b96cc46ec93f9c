// How much one shopper action says about interest in a product: view < click < wishlist <
// add-to-cart < purchase; taking a product out of the cart counts against it.
export type BehaviourKind = 'view' | 'click' | 'wishlist' | 'add_to_cart' | 'remove_from_cart' | 'purchase';

export const BEHAVIOUR_WEIGHTS: Readonly<Record<BehaviourKind, number>> = {
  view: 1,
  click: 2,
  wishlist: 4,
  add_to_cart: 6,
  remove_from_cart: -3,
  purchase: 10,
};

/** Whether the action puts a product beside the session's others ("viewed together"). */
export const countsAsCoOccurrence = (kind: BehaviourKind): boolean => BEHAVIOUR_WEIGHTS[kind] > 0;
