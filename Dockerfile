# Build stage: install from the lockfile, bundle the function, and make its V8 code cache.
FROM fnproject/node:22-dev AS build
WORKDIR /function
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build
# The code cache spares a cold start compiling the bundle. V8 accepts it only from the same node
# build run with the same flags: keep these flags equal to the ENTRYPOINT's (a unit test compares
# them). If this stage's node is not the runtime stage's, V8 rejects the cache and the function
# compiles as without it.
RUN npm run build:code-cache -- --max-old-space-size=64 --max-semi-space-size=2

# Runtime stage: the loader, the bundle (fdk and OCI SDK inside it) and its code cache; no
# node_modules, no credentials.
FROM fnproject/node:22
WORKDIR /function
COPY --from=build /function/dist/func.js /function/dist/function.js /function/dist/function.codecache /function/dist/
# OCI Functions runs the container as the user fn (UID and GID 1000), not as the files' owner: it
# must be able to read every file and search every folder of /function, whatever modes the build
# gave them (the Fn CLI's own Dockerfiles do the same).
RUN chmod -R o+rX /function
# A fixed, small heap: the function's memory use is flat by design, and Node left to itself in a
# 128 MB container picked a heap limit above 128 MB and was killed instead of collecting. Small
# semi-spaces keep the young generation, where each message's short-lived buffers and strings
# die, from growing the process. MALLOC_MMAP_THRESHOLD_ (glibc; other C libraries ignore it) keeps
# every allocation of 128 KiB or more (message buffers) in its own mapping, returned when freed:
# left to adjust itself, glibc moved them into its heap, where RSS crept up event after event.
# See README "Sizing".
ENV MALLOC_MMAP_THRESHOLD_=131072
ENTRYPOINT ["node", "--max-old-space-size=64", "--max-semi-space-size=2", "/function/dist/func.js"]
