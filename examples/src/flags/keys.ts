// Flag keys shared by the storefront and the server. Keeping them in one place makes renames and
// cleanups reviewable — Flag Lens resolves every form used here back to the flag key.

/** A plain constant, imported by the checkout components. */
export const NEW_CHECKOUT = 'new-checkout';

/** An `as const` map: property access keeps the literal type. */
export const FLAGS = {
  recommendations: 'recommendations-engine',
  maxCartItems: 'max-cart-items',
  bannerText: 'checkout-banner-text',
} as const;

/** A string enum, used by the server-side payment code. */
export enum FlagKey {
  LegacyPayments = 'legacy-payments',
  SearchV2 = 'search-v2',
}
