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
# A fixed, small old-space heap: the function's memory use is flat by design, and Node left to
# itself in a 128 MB container picked a heap limit above 128 MB and was killed instead of collecting.
ENTRYPOINT ["node", "--max-old-space-size=64", "/function/dist/func.js"]
