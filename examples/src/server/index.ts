import express from 'express';
import { OpenFeature } from '@openfeature/server-sdk';
import { FlagdProvider } from '@openfeature/flagd-provider';
import { addToCart, type CartItem } from './cart';
import { paymentProvider } from './payments';
import { isInExperiment, recommend } from './recommendations';
import { searchBackend } from './search';

await OpenFeature.setProviderAndWait(new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: 'flags.flagd.json' }));

const app = express();
app.use(express.json());
let cart: CartItem[] = [];

app.post('/cart', async (req, res) => {
  cart = await addToCart(cart, req.body as CartItem, String(req.query.user ?? 'anonymous'));
  res.json(cart);
});
app.get('/recommendations', async (req, res) => {
  res.json(await recommend(String(req.query.user), String(req.query.plan ?? 'free'), cart.map((item) => item.sku)));
});
app.get('/search', (req, res) => {
  res.json({ backend: searchBackend(String(req.query.email ?? '')) });
});
app.get('/pay', async (req, res) => {
  const user = String(req.query.user);
  // The experiment name comes from the request, so the flag key is only known at run time.
  const experiment = String(req.query.experiment ?? 'gift-wrap');
  res.json({ provider: await paymentProvider(user), inExperiment: await isInExperiment(user, experiment) });
});

app.listen(3000, '127.0.0.1');
