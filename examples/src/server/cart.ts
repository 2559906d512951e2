import { OpenFeature } from '@openfeature/server-sdk';
import { FLAGS } from '../flags/keys';

export interface CartItem {
  sku: string;
  name: string;
  price: number;
  quantity: number;
}

const client = OpenFeature.getClient('cart');

export async function addToCart(cart: CartItem[], item: CartItem, userId: string): Promise<CartItem[]> {
  const limit = await client.getNumberValue(FLAGS.maxCartItems, 20, { targetingKey: userId });
  const count = cart.reduce((sum, entry) => sum + entry.quantity, 0);
  if (count + item.quantity > limit) throw new Error(`A cart holds at most ${limit} items`);
  return [...cart, item];
}
