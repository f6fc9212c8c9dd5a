// The baseline: Node with tsx and nothing else, so that peak RSS figures can be read net of it.
import { reportResult } from '../lib/util.ts';

reportResult({ ms: 0 });
