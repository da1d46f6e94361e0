# Build stage: install from the lockfile and bundle the function into one file.
FROM fnproject/node:22-dev AS build
WORKDIR /function
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# Runtime stage: the bundle alone (fdk and OCI SDK inside it), no node_modules, no credentials.
FROM fnproject/node:22
WORKDIR /function
COPY --from=build /function/dist/func.js /function/dist/func.js
# A fixed, small heap: the function's memory use is flat by design, and Node left to itself in a
# 128 MB container picked a heap limit above 128 MB and was killed instead of collecting. Small
# semi-spaces keep the ~1 MB strings of each chunk from piling up in the young generation: with
# Node's default (16 MB) the peak grew with object size (137 MiB at 10 MiB, 158 MiB at 64 MiB);
# with 2 MB it stayed flat at about 111 MiB (npm run bench, see README "Sizing").
ENTRYPOINT ["node", "--max-old-space-size=64", "--max-semi-space-size=2", "/function/dist/func.js"]
